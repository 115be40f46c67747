// Random values made in the browser: the suggested admin password and publish secrets
// (spec/ui.md §9.1.5, §9.1.8), from crypto.getRandomValues without modulo bias.

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(length, alphabet = URL_SAFE, random = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export const MIN_PASSWORD_LENGTH = 8;

// The publish secret travels in URLs: what hooks accepts (hooks/publish_secret.cpp).
export function isValidPublishSecret(secret) {
  return /^[A-Za-z0-9._~-]{8,64}$/.test(secret);
}
