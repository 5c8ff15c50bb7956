import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** SM3 digest (GB/T 32905), hex. Used for session tokens at rest. */
export function sm3(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3(key: Buffer, data: string | Buffer): string {
  return createHmac('sm3', key).update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Sensitive fields (phone, ID number, TOTP secrets) at rest: SM4-CTR for secrecy and, since CTR
 * alone does not detect tampering and Node offers no SM4-GCM, HMAC-SM3 over IV and ciphertext
 * (encrypt-then-MAC) with a key derived separately from the same configured key.
 * Format: `sm4:v1:<iv b64>:<ciphertext b64>:<mac hex>`.
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 16) throw new Error('SM4 key must be 16 bytes');
    this.encKey = Buffer.from(hmacSm3(key, 'gongjian-field-enc'), 'hex').subarray(0, 16);
    this.macKey = Buffer.from(hmacSm3(key, 'gongjian-field-mac'), 'hex');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-ctr', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const mac = hmacSm3(this.macKey, Buffer.concat([iv, body]));
    return `sm4:v1:${iv.toString('base64')}:${body.toString('base64')}:${mac}`;
  }

  decrypt(stored: string): string {
    const [scheme, version, ivB64, bodyB64, mac] = stored.split(':');
    if (scheme !== 'sm4' || version !== 'v1' || !ivB64 || bodyB64 === undefined || !mac) throw new Error('not an encrypted field');
    const iv = Buffer.from(ivB64, 'base64');
    const body = Buffer.from(bodyB64, 'base64');
    if (!safeEqual(hmacSm3(this.macKey, Buffer.concat([iv, body])), mac)) throw new Error('encrypted field failed its integrity check');
    const decipher = createDecipheriv('sm4-ctr', this.encKey, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  encryptOptional(plain: string | null | undefined): string | null {
    return plain ? this.encrypt(plain) : null;
  }

  decryptOptional(stored: string | null | undefined): string | null {
    return stored ? this.decrypt(stored) : null;
  }
}

/** 13812341234 → 138****1234; an 18-digit ID keeps its first 6 and last 4. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function maskIdNumber(id: string | null): string | null {
  if (!id) return null;
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
