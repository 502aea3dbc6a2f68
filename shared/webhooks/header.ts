/** The deposit webhook's signature header (signature.ts makes and checks it); free of node:crypto, so browsers may import it. */
export const SIGNATURE_HEADER = 'evenly-signature';
