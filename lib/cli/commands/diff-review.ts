import path from "node:path";
import { InvalidInputError } from "../../errors";
import { renderDiffReviewMarkdown, renderDiffReviewText, reviewDiff } from "../../analyzers/diff-review/index";
import { diffReviewEvidence } from "../../evidence/analyzer-reports";
import { parseCliArgs } from "../args";
import { ATTACH_CLI_OPTIONS, attachTarget, attachUsage, fileEvidence } from "../attach-option";
import type { CliCommand } from "../command";
import { readTextInput } from "./backports";

function names(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(",").map((name) => name.trim()).filter(Boolean);
}

export const diffReviewCommand: CliCommand = {
  path: ["diff-review"],
  summary: "Review a diff by feature: functions, callers, callees and ownership changes",
  usage: `Usage:
  casebook diff-review --diff FILE|- [options] [--attach SLUG --server URL]
  casebook diff-review --repo DIR --base REF --head REF [options] [--attach SLUG --server URL]

  --diff FILE|-       unified diff (git diff, git show, diff -u); "-" reads standard input
  --repo DIR          repository; with --base/--head the whole files are read, so callers outside
                      the diff are checked too
  --allocators a,b    extra allocator names (added to malloc/calloc/…/zmalloc/createStringObject/…)
  --releasers x,y     extra releaser names (added to free/zfree/sdsfree/decrRefCount/…)
  --json              print JSON
  --markdown          print Markdown (walk-list and findings)
  --lesson-url URL    with --markdown: link the "allocation cohesion" lesson
${attachUsage(22)}

Exit code: 0 no findings, 1 findings, 2 bad input.`,
  async run(args, io) {
    const { values } = parseCliArgs(
      args,
      {
        diff: { type: "string" },
        repo: { type: "string" },
        base: { type: "string" },
        head: { type: "string" },
        allocators: { type: "string" },
        releasers: { type: "string" },
        json: { type: "boolean" },
        markdown: { type: "boolean" },
        "lesson-url": { type: "string" },
        ...ATTACH_CLI_OPTIONS,
      },
      false,
    );
    const target = attachTarget(values, io.env);
    if (values.json && values.markdown) throw new InvalidInputError("choose one of --json and --markdown");
    const options = { allocators: names(values.allocators), releasers: names(values.releasers) };
    let result;
    if (values.diff !== undefined) {
      if (values.repo || values.base || values.head) throw new InvalidInputError("--diff cannot be combined with --repo/--base/--head");
      result = await reviewDiff({ diffText: await readTextInput(values.diff, io, "diff") }, options);
    } else {
      if (!values.repo || !values.base || !values.head) throw new InvalidInputError("pass --diff FILE|- or all of --repo, --base and --head");
      result = await reviewDiff({ repo: path.resolve(io.cwd, values.repo), base: values.base, head: values.head }, options);
    }
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (values.markdown) io.stdout.write(renderDiffReviewMarkdown(result, { lessonUrl: values["lesson-url"] }));
    else io.stdout.write(renderDiffReviewText(result));
    if (target) await fileEvidence(target, diffReviewEvidence(result), io);
    return result.findings.length > 0 ? 1 : 0;
  },
};
