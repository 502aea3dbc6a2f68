/** What `evenly` exits with, so scripts can tell the outcomes apart (listed in --help and the README). */
export const EXIT = {
  ok: 0,
  /** Bad arguments, not signed in, the API or WebSocket unreachable, the WebSocket refused or lost. */
  error: 1,
  /** The API answered with an error; its problem details are on stderr. */
  apiError: 2,
  /** With --wait: the command was accepted but ended FAILED (its failureReason is printed); `admin reconcile`: the books do not pass. */
  failed: 3,
  /** With --wait: still PENDING when the wait ended; it may yet complete. */
  stillPending: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for an async command's resource after waiting for it. */
export function exitCodeAfterWait(status: string): ExitCode {
  if (status === 'FAILED') return EXIT.failed;
  if (status === 'PENDING') return EXIT.stillPending;
  return EXIT.ok;
}

export const EXIT_CODES_HELP = [
  'Exit codes: 0 done; 1 usage or connection error; 2 the API refused the request;',
  '3 with --wait, the command ended FAILED (admin reconcile: the books do not pass); 4 with --wait, still PENDING when the wait ended.',
];
