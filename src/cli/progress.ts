import { SingleBar } from 'cli-progress';

/**
 * A build's progress on the terminal (stderr, when it is one) once the job is large enough to take a while: `report`
 * is the build's `onProgress`, `stop` ends the bar (call it whatever the outcome).
 */
export function buildProgress(format: string, from: number): { report: (done: number, total: number) => void; stop: () => void } {
  let bar: SingleBar | null = null;
  return {
    report: (done, total) => {
      if (total < from || !process.stderr.isTTY) return;
      bar ??= new SingleBar({ format, hideCursor: true });
      if (done === 0 || !bar.isActive) bar.start(total, done);
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
