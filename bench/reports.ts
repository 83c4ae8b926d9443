// Report bodies for the ingestion benchmarks: 90% repeats over 1,000 fingerprints, 10% new.
let counter = 0;

export function reportBody(sizeBytes: number): () => string {
  const filler = (n: number) => 'x'.repeat(Math.max(0, n));
  return () => {
    const i = counter++;
    const repeat = i % 10 !== 0;
    const fp = repeat ? i % 1000 : 1000 + i;
    const base = {
      project_id: `bench_${fp % 10}`,
      environment: i % 3 ? 'production' : 'staging',
      level: 'ERROR',
      version: '1.2.3',
      error: {
        type: repeat ? `BenchError${fp}` : `NewError${fp}`,
        message: `something failed for request ${i}`,
        file_path: `src/module_${fp % 50}.ts`,
        line_number: fp,
        stack_trace: [] as string[],
      },
      context: { url: `/api/items/${i}`, method: 'GET', user_id: `u_${i % 997}` },
    };
    const size = JSON.stringify(base).length;
    const lines = Math.max(1, Math.floor((sizeBytes - size) / 80));
    base.error.stack_trace = Array.from(
      { length: lines },
      (_, n) => `    at handler${n} (src/module_${fp % 50}.ts:${n + 1}:7) ${filler(30)}`,
    );
    return JSON.stringify(base);
  };
}
