/**
 * The Node flags the service runs with in production (`npm start`, docker/Dockerfile): the bench measures the
 * service as deployed. `--max-old-space-size=384` caps the JavaScript heap: without it V8 sizes the heap from the
 * machine's memory (4 GB here) and lets garbage pile up to about twice the working set before collecting (a
 * 100,000-row import peaked at 470 MB of RSS with the default, 255 MB with the cap, at the same speed). In a
 * container Node sizes the heap from the container's limit instead; the flag makes the ceiling explicit everywhere.
 * bench/service-node-args.spec.ts keeps the three places in step.
 */
export const SERVICE_NODE_ARGS = ['--max-old-space-size=384'] as const;
