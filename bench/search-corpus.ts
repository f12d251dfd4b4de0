import { portableIncident, type PortableIncident } from "../lib/content/portable";
import { ENTRY_KINDS } from "../lib/domain";

/**
 * A mixed English/Chinese incident corpus for bench/search.ts: every incident has a topic (its
 * specific words, English and Chinese), and entries mix those with common incident vocabulary —
 * so specific words are rare and common ones are common, as in a real knowledge base.
 * Deterministic: the same sizes give the same corpus.
 */

const TOPICS: Array<{ en: string[]; zh: string[]; tags: string[] }> = [
  { en: ["memory", "leak", "jemalloc", "sds", "getKeysInSlot", "slot", "migration", "rax", "hexdump"], zh: ["内存", "泄漏", "跳跃表", "基数树", "迁移", "内存泄漏"], tags: ["memory-leak", "redis"] },
  { en: ["disk", "full", "inode", "logrotate", "volume", "quota"], zh: ["磁盘", "写满", "日志", "清理"], tags: ["disk"] },
  { en: ["dns", "resolver", "timeout", "ttl", "nxdomain"], zh: ["域名", "解析", "超时"], tags: ["dns"] },
  { en: ["certificate", "expiry", "tls", "handshake", "renewal"], zh: ["证书", "过期", "握手"], tags: ["tls"] },
  { en: ["kafka", "consumer", "lag", "partition", "rebalance"], zh: ["消费", "积压", "分区", "重平衡"], tags: ["kafka"] },
  { en: ["mysql", "deadlock", "replication", "binlog", "index"], zh: ["主从", "复制", "死锁", "慢查询"], tags: ["mysql"] },
  { en: ["kubernetes", "pod", "eviction", "oom", "killer", "crashloop"], zh: ["驱逐", "容器", "重启"], tags: ["kubernetes"] },
  { en: ["network", "packet", "loss", "bgp", "route", "latency"], zh: ["网络", "丢包", "路由", "延迟"], tags: ["network"] },
  { en: ["connection", "pool", "exhausted", "socket", "keepalive"], zh: ["连接池", "耗尽", "连接"], tags: ["database"] },
  { en: ["cache", "stampede", "hotkey", "eviction", "ttl"], zh: ["缓存", "雪崩", "热点", "淘汰"], tags: ["cache"] },
  { en: ["gc", "pause", "heap", "jvm", "allocation"], zh: ["垃圾回收", "停顿", "堆"], tags: ["jvm"] },
  { en: ["deploy", "rollback", "canary", "feature", "flag"], zh: ["发布", "回滚", "灰度", "开关"], tags: ["deploy"] },
  { en: ["failover", "primary", "replica", "sentinel", "split"], zh: ["主从切换", "哨兵", "脑裂"], tags: ["failover"] },
  { en: ["cpu", "throttling", "cgroup", "steal", "saturation"], zh: ["限流", "饱和", "抖动"], tags: ["cpu"] },
  { en: ["queue", "backlog", "retry", "storm", "idempotency"], zh: ["队列", "重试", "风暴"], tags: ["queue"] },
  { en: ["config", "rollout", "typo", "validation", "schema"], zh: ["配置", "变更", "校验"], tags: ["config"] },
];

const COMMON_EN = (
  "the a of to and in was we it for on with that this as at after before during then when no all one two new old check checked log logs error " +
  "errors service server request requests restart restarted team alert alerts value values node host time data since about still again " +
  "found suspect ruled out decided fixed cluster instance version upgrade monitoring dashboard graph metric metrics traffic users impact " +
  "page paged oncall engineer investigation timeline noticed looked started stopped increased dropped normal usual expected unexpected"
).split(" ");
const COMMON_ZH = ("告警 排查 日志 监控 重启 发现 怀疑 确认 修复 观察 分析 问题 服务 实例 集群 版本 升级 流量 用户 影响 恢复 定位 原因 处理 现象 异常 正常 检查 继续 同学").split(" ");

let seed = 0x2545f491;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}
/** Skewed towards the start of the list: common words are much more common than the rest. */
const pick = <T>(items: T[]) => items[Math.floor(random() ** 2 * items.length)];

function englishSentence(topic: (typeof TOPICS)[number], words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(random() < 0.18 ? pick(topic.en) : pick(COMMON_EN));
  const text = out.join(" ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function chineseSentence(topic: (typeof TOPICS)[number], words: number): string {
  let text = "";
  for (let i = 0; i < words; i++) text += random() < 0.22 ? pick(topic.zh) : pick(COMMON_ZH);
  return `${text}。`;
}

/** An incident whose entries are 150–900 characters of mixed text; every third incident is mostly Chinese. */
export function corpusIncident(index: number, entryCount: number): PortableIncident {
  const topic = TOPICS[index % TOPICS.length];
  const chinese = index % 3 === 0;
  const start = Date.UTC(2019, 0, 1) + index * 43_200_000;
  const paragraph = (sentences: number) =>
    Array.from({ length: sentences }, () => (chinese && random() < 0.7 ? chineseSentence(topic, 6 + Math.floor(random() * 10)) : englishSentence(topic, 8 + Math.floor(random() * 14)))).join(" ");
  const entries = Array.from({ length: entryCount }, (_, i) => ({
    key: `e${i + 1}`,
    at: new Date(start + i * 9 * 60_000).toISOString(),
    kind: ENTRY_KINDS[(index + i) % ENTRY_KINDS.length],
    title: (chinese ? chineseSentence(topic, 3) : englishSentence(topic, 6)).replace(/[。.]$/u, ""),
    body: `${paragraph(2 + Math.floor(random() * 5))}\n\n${random() < 0.3 ? `- ${paragraph(1)}\n- ${paragraph(1)}` : paragraph(1)}`,
    author: "bench",
    statusOverride: null,
    statusReason: "",
  }));
  return portableIncident({
    slug: `search-bench-${index}`,
    title: `${chinese ? chineseSentence(topic, 4).replace(/。$/u, "") : englishSentence(topic, 5).replace(/\.$/, "")} #${index}`,
    status: ["resolved", "published", "mitigated", "investigating"][index % 4],
    severity: ["sev1", "sev2", "sev3", "sev4"][index % 4],
    services: [`service-${index % 23}`],
    tags: [...topic.tags, `team-${index % 9}`],
    timezone: chinese ? "Asia/Shanghai" : "UTC",
    detectedAt: new Date(start).toISOString(),
    summary: paragraph(3),
    entries,
  });
}

/** Realistic searches: specific and common words, phrases, prefixes, Chinese, exclusions, OR. */
export const BENCH_QUERIES = [
  "内存泄漏",
  "跳跃表",
  "排查 日志",
  "主从切换",
  "证书 过期",
  "memory leak",
  '"slot migration"',
  "migrat*",
  "jemalloc",
  "getKeysInSlot",
  "kafka consumer lag",
  "certificate expiry",
  "deadlock",
  "oom killer",
  "rollback canary",
  "dns timeout",
  "connection pool",
  "disk full -logrotate",
  "failover OR sentinel",
  "restarted",
];
