export declare const BASE_SECURITY_HEADERS: Readonly<Record<string, string>>;
export declare const API_CONTENT_SECURITY_POLICY: string;
export declare const HSTS_VALUE: string;
export declare function staticSecurityHeaderRules(): {
  source: string;
  has?: { type: "header"; key: string; value?: string }[];
  headers: { key: string; value: string }[];
}[];
