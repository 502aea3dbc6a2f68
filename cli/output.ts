/** Printing for humans or, with --json, for machines; a spinner on stderr while waiting. */
export interface Output {
  readonly json: boolean;
  print(value: unknown, human?: (value: never) => string): void;
}

export function output(json: boolean): Output {
  return {
    json,
    print: (value, human) => {
      if (json || !human) console.log(JSON.stringify(value, null, json ? 0 : 2));
      else console.log(human(value as never));
    },
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export async function withSpinner<T>(label: string, work: Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work;
  let frame = 0;
  const timer = setInterval(() => process.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`), 80);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    process.stderr.write('\r\x1b[K');
  }
}
