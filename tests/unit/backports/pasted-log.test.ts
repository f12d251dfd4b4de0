import { describe, expect, it } from "vitest";
import { UnprocessableError } from "@/lib/errors";
import { classifyPastedLog } from "@/lib/analyzers/backports/pasted";

const RELEASE_NOTES = `================================================================================
Redis 3.2.10   Released Fri Jul 28 13:48:12 CEST 2017
================================================================================

Upgrade urgency MODERATE: a memory leak is fixed.

* Memory leak in clusterRedirectBlockedClientIfNeeded. (antirez)
* Fix for the GEORADIUS reply
  when the key is missing. (antirez)

antirez in commit 83fd0a7c:
 Memory leak in clusterRedirectBlockedClientIfNeeded.
 1 file changed, 1 insertion(+)

================================================================================
Redis 3.2.9    Released Wed May 17 17:00:00 CEST 2017
================================================================================

* Fix fd leak in anetUnixGenericConnect(). (antirez)
* Fix use-after-free in the expire cycle. (antirez)
`;

const GIT_LOG_PATCH = `commit 6aad4e48b7966f182f2feb577614355ec18dee95 (tag: 3.2.10)
Author: Someone <someone@example.org>
Date:   Fri Jul 28 10:00:00 2017 +0200

    Fix leak on the redirect path

    The iterator was not released when returning early.

diff --git a/src/cluster.c b/src/cluster.c
index 1111111..2222222 100644
--- a/src/cluster.c
+++ b/src/cluster.c
@@ -10,6 +10,7 @@ int clusterRedirectBlockedClientIfNeeded(client *c) {
             robj *key = dictGetKey(de);
             if (keyHashSlotMovedAway(key)) {
                 clusterRedirectClient(c, key);
+                dictReleaseIterator(di);
                 return 1;
             }
         }

commit f30929699c93222921a9438c304c96065a70392b
Author: Someone <someone@example.org>
Date:   Thu Jul 27 10:00:00 2017 +0200

    Fix leak on connect error

diff --git a/src/anet.c b/src/anet.c
index 3333333..4444444 100644
--- a/src/anet.c
+++ b/src/anet.c
@@ -10,6 +10,8 @@ int anetUnixGenericConnect(char *err, char *path, int flags) {
     strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
     if (flags & ANET_CONNECT_NONBLOCK) {
-        if (anetNonBlock(err, s) != ANET_OK)
+        if (anetNonBlock(err, s) != ANET_OK) {
+            close(s);
             return ANET_ERR;
+        }
     }
     return s;
`;

describe("pasted logs and release notes", () => {
  it("classifies release notes under their version headings and merges the commit entry", () => {
    const result = classifyPastedLog(RELEASE_NOTES);
    expect(result.format).toBe("release-notes");
    expect(result.fixes).toEqual([
      { subject: "Memory leak in clusterRedirectBlockedClientIfNeeded.", kind: "memory", commit: "83fd0a7c", version: "3.2.10", line: 7 },
      { subject: "Fix fd leak in anetUnixGenericConnect().", kind: "fd", version: "3.2.9", line: 19 },
      { subject: "Fix use-after-free in the expire cycle.", kind: "use-after-free", version: "3.2.9", line: 20 },
    ]);
  });

  it("uses the diff of git log -p to classify and to name files and functions", () => {
    const result = classifyPastedLog(GIT_LOG_PATCH);
    expect(result.format).toBe("git-log-patch");
    expect(result.fixes.map((fix) => [fix.kind, fix.version, fix.files, fix.functions])).toEqual([
      ["memory", "3.2.10", ["src/cluster.c"], ["clusterRedirectBlockedClientIfNeeded"]],
      ["fd", "3.2.10", ["src/anet.c"], ["anetUnixGenericConnect"]],
    ]);
  });

  it("reads --oneline output with decorations; older commits inherit the newer tag", () => {
    const text = "a1b2c3d (tag: 3.2.10) Redis 3.2.10\n6aad4e4 Memory leak in clusterRedirectBlockedClientIfNeeded.\n0f0f0f0 (tag: 3.2.9) Redis 3.2.9\nf309296 Fix fd leak in anetUnixGenericConnect()\n1234567 Update README\n";
    const result = classifyPastedLog(text);
    expect(result).toMatchObject({ format: "oneline", entries: 5 });
    expect(result.fixes.map((fix) => [fix.commit, fix.kind, fix.version])).toEqual([
      ["6aad4e4", "memory", "3.2.10"],
      ["f309296", "fd", "3.2.9"],
    ]);
  });

  it("reports the line that does not fit", () => {
    expect(() => classifyPastedLog("hello world\n")).toThrow(/line 1: not recognised/);
    expect(() => classifyPastedLog("6aad4e4 Fix leak\nnot a log line\n")).toThrow(UnprocessableError);
    expect(() => classifyPastedLog("6aad4e4 Fix leak\nnot a log line\n")).toThrow(/line 2/);
    const broken = GIT_LOG_PATCH.replace("+                dictReleaseIterator(di);\n", "");
    expect(() => classifyPastedLog(broken)).toThrow(/diff line 20: hunk starting at line 13 ended early/);
  });
});
