/**
 * `when` conditions of runbook steps and tool rules, and their evaluation against facts. Every
 * condition produces a clause a responder can check ("3.2.8 < 4.0", "events include slot-migration"),
 * so inclusion and exclusion are always explained.
 *
 * Unknown facts: a condition on a fact that is not recorded is "unknown" — the step stays in, flagged
 * "check first". The exception is `system`: a Redis step is not offered when nobody said it is Redis
 * (generic steps, written as `system: {not: redis}`, are).
 */
import { z } from "zod";
import { FACT_VOCABULARY, isFactName, type FactName, type TriageFacts } from "./facts";
import { isVersionRange, matchVersionRange, parseVersionRange } from "./versions";

const word = z.string().trim().min(1).max(60);
const oneOrMany = z.union([word, z.array(word).min(1).max(30)]);

const choiceCondition = z.union([oneOrMany, z.strictObject({ not: oneOrMany })]);
const listCondition = z.union([
  z.array(word).min(1).max(30),
  z.strictObject({ all: z.array(word).min(1).max(30) }),
  z.strictObject({ none: z.array(word).min(1).max(30) }),
]);
const versionCondition = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .superRefine((value, ctx) => {
    const range = parseVersionRange(value);
    if (!isVersionRange(range)) ctx.addIssue({ code: "custom", message: range.error });
  });
const factNameList = z
  .array(z.string())
  .min(1)
  .superRefine((names, ctx) => {
    names.forEach((name, index) => {
      if (!isFactName(name)) ctx.addIssue({ code: "custom", path: [index], message: `unknown fact "${name}"` });
    });
  });

/** Keys of a condition map: fact names by kind, plus `present` / `missing` for recorded-or-not. */
const conditionShape = {
  system: choiceCondition,
  allocator: choiceCondition,
  role: choiceCondition,
  os: choiceCondition,
  version: versionCondition,
  allocatorVersion: versionCondition,
  kernel: versionCondition,
  allocatorProfiling: z.boolean(),
  cluster: z.boolean(),
  container: z.boolean(),
  reproducible: z.boolean(),
  events: listCondition,
  symptoms: listCondition,
  /** All these facts are recorded (not recorded → unknown). */
  present: factNameList,
  /** At least one of these facts is not recorded: steps that gather missing facts. */
  missing: factNameList,
};

export const conditionsSchema = z.strictObject(conditionShape).partial();
export type Conditions = z.infer<typeof conditionsSchema>;
export const CONDITION_KEYS = Object.keys(conditionShape);

export type ConditionStatus = "met" | "unmet" | "unknown";

export interface ConditionResult {
  /** The condition's key: a fact name, `present` or `missing`. */
  key: string;
  status: ConditionStatus;
  clause: string;
}

export interface Evaluation {
  status: ConditionStatus;
  results: ConditionResult[];
}

const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const orList = (items: string[]) => (items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);
const andList = (items: string[]) => (items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** All conditions must hold: any unmet → unmet; else any unknown → unknown; else met. */
export function evaluateConditions(conditions: Conditions, facts: TriageFacts): Evaluation {
  const results: ConditionResult[] = [];
  for (const [key, condition] of Object.entries(conditions)) {
    if (condition === undefined) continue;
    results.push(evaluateOne(key, condition, facts));
  }
  const status: ConditionStatus = results.some((r) => r.status === "unmet") ? "unmet" : results.some((r) => r.status === "unknown") ? "unknown" : "met";
  return { status, results };
}

function evaluateOne(key: string, condition: unknown, facts: TriageFacts): ConditionResult {
  if (key === "present" || key === "missing") {
    const names = condition as FactName[];
    const absent = names.filter((name) => facts.values[name] === undefined);
    if (key === "present") {
      return absent.length ? { key, status: "unknown", clause: `${andList(absent)} not recorded` } : { key, status: "met", clause: `${andList(names)} recorded` };
    }
    return absent.length ? { key, status: "met", clause: `${andList(absent)} not recorded` } : { key, status: "unmet", clause: `${andList(names)} already recorded` };
  }
  const name = key as FactName;
  const value = facts.values[name];
  const kind = FACT_VOCABULARY[name].kind;
  if (value === undefined || (value.kind === "version" && value.value === null)) {
    const what = value ? `${name} "${facts.text[name]}" cannot be compared as a version` : `${name} not recorded`;
    // Steps for a named system are not guessed into a runbook; generic ("not redis") steps are.
    if (name === "system" && !isNegated(condition as z.infer<typeof choiceCondition>)) {
      return { key, status: "unmet", clause: `${what} (this is for ${describeChoice(condition as z.infer<typeof choiceCondition>)})` };
    }
    return { key, status: "unknown", clause: what };
  }
  if (kind === "boolean" && value.kind === "boolean") {
    const wanted = condition as boolean;
    return { key, status: value.value === wanted ? "met" : "unmet", clause: `${name} is ${value.value}` };
  }
  if (kind === "version" && value.kind === "version" && value.value) {
    const range = parseVersionRange(condition as string);
    if (!isVersionRange(range)) return { key, status: "unknown", clause: range.error };
    const { matches, clause } = matchVersionRange(value.value, range);
    return { key, status: matches ? "met" : "unmet", clause: `${name === "version" ? "" : `${name} `}${clause}` };
  }
  if (kind === "list" && value.kind === "list") return evaluateList(name, condition as z.infer<typeof listCondition>, value.value);
  if (value.kind === "text") return evaluateChoice(name, condition as z.infer<typeof choiceCondition>, value.value);
  return { key, status: "unknown", clause: `${name} has an unexpected value` };
}

function isNegated(condition: z.infer<typeof choiceCondition>): condition is { not: string | string[] } {
  return typeof condition === "object" && !Array.isArray(condition);
}

function describeChoice(condition: z.infer<typeof choiceCondition>): string {
  return isNegated(condition) ? `anything but ${orList(asList(condition.not))}` : orList(asList(condition));
}

function evaluateChoice(name: FactName, condition: z.infer<typeof choiceCondition>, actual: string): ConditionResult {
  const negated = isNegated(condition);
  const options = asList(negated ? condition.not : (condition as string | string[])).map((option) => option.toLowerCase());
  const listed = options.includes(actual.toLowerCase());
  const met = negated ? !listed : listed;
  const clause = met ? `${name} is ${actual}` : negated ? `${name} is ${actual} — this is for other ${name}s` : `${name} is ${actual}, not ${describeChoice(condition)}`;
  return { key: name, status: met ? "met" : "unmet", clause };
}

function evaluateList(name: FactName, condition: z.infer<typeof listCondition>, actual: string[]): ConditionResult {
  const has = (item: string) => actual.includes(item.toLowerCase());
  const shown = actual.length ? actual.join(", ") : "none";
  if (Array.isArray(condition)) {
    const found = condition.filter(has);
    return found.length
      ? { key: name, status: "met", clause: `${name} include ${andList(found)}` }
      : { key: name, status: "unmet", clause: `${name} (${shown}) include none of ${orList(condition)}` };
  }
  if ("all" in condition) {
    const absent = condition.all.filter((item) => !has(item));
    return absent.length
      ? { key: name, status: "unmet", clause: `${name} (${shown}) lack ${andList(absent)}` }
      : { key: name, status: "met", clause: `${name} include ${andList(condition.all)}` };
  }
  const present = condition.none.filter(has);
  return present.length
    ? { key: name, status: "unmet", clause: `${name} include ${andList(present)}` }
    : { key: name, status: "met", clause: `${name} include none of ${orList(condition.none)}` };
}

export { andList, orList };
