import { describe, expect, it } from 'vitest';
import { parseBody, problemOf, UNTYPED_PROBLEM } from '../../../shared/client/problem';

describe('the problem an error answer stands for', () => {
  it('is the problem details when the body is one', () => {
    const problem = { type: 'not-found', title: 'Not found', status: 404, detail: 'No such account.' };
    expect(problemOf(404, 'Not Found', problem)).toBe(problem);
  });

  it('takes the message of a gateway body', () => {
    expect(problemOf(502, 'Bad Gateway', { message: 'Internal server error' })).toEqual({
      type: UNTYPED_PROBLEM,
      title: 'Bad Gateway',
      status: 502,
      detail: 'Internal server error',
    });
  });

  it('shows no markup from an HTML page, only the status', () => {
    expect(problemOf(502, 'Bad Gateway', parseBody('<html><body>502</body></html>'))).toEqual({
      type: UNTYPED_PROBLEM,
      title: 'Bad Gateway',
      status: 502,
    });
  });

  it('takes the first line of a plain-text body and names a status without a reason phrase', () => {
    expect(problemOf(503, '', 'upstream connect error\nreset reason: overflow')).toEqual({
      type: UNTYPED_PROBLEM,
      title: 'HTTP 503',
      status: 503,
      detail: 'upstream connect error',
    });
  });

  it('copes with an empty body', () => {
    expect(problemOf(500, 'Internal Server Error', parseBody(''))).toEqual({
      type: UNTYPED_PROBLEM,
      title: 'Internal Server Error',
      status: 500,
    });
  });
});
