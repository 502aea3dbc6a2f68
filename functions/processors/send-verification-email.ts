/** Sends a fresh email-verification code for every UserRegistered and EmailVerificationRequested event. */
import { parseDetail } from '../../events/contract';
import { EmailVerificationRequestedV1, UserRegisteredV1 } from '../../events/users';
import { issueVerificationCode, VERIFICATION_CODE_TTL_SECONDS } from '../../shared/auth/verification';
import { sendMail } from '../../shared/mail/mailer';
import { eventProcessor } from '../../shared/processing/queue-processor';

export const handler = eventProcessor({ queue: 'mail' }, async (event) => {
  const contract = event['detail-type'] === UserRegisteredV1.type ? UserRegisteredV1 : EmailVerificationRequestedV1;
  const { userId, email } = parseDetail(contract, event.detail);
  // A redelivered event sends another code, which replaces the first: the newest mail always works.
  const code = await issueVerificationCode(userId);
  await sendMail({
    to: email,
    subject: `Your Evenly verification code: ${code}`,
    text:
      `Your Evenly verification code is ${code}.\n\n` +
      `Send it to POST /auth/verify-email (or run: evenly verify-email ${code}).\n` +
      `It expires in ${VERIFICATION_CODE_TTL_SECONDS / 3600} hours. If you did not register, ignore this email.`,
  });
});
