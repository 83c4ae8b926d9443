export declare const NO_WASM_TIER_UP: string;
export declare const EMBEDDED_DATABASE_FLAGS: string[];
export declare function nodeFlagsFor(command: string | undefined, env: Record<string, string | undefined>): string[];
