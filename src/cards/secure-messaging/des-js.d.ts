/**
 * Types for the parts of des.js 1.1.0 (indutny, MIT) that Kazasu uses: the DES block cipher,
 * EDE (two- or three-key triple DES, 16- or 24-byte key) and the CBC wrapper. The package ships
 * no types; this file describes the shape its lib/des.js exports.
 */
declare module 'des.js' {
  interface CipherInstance {
    update(data: ArrayLike<number>): number[];
    final(buffer?: ArrayLike<number>): number[];
  }
  interface CipherOptions {
    type: 'encrypt' | 'decrypt';
    key: ArrayLike<number>;
    iv?: ArrayLike<number>;
    padding?: boolean;
  }
  interface CipherClass {
    create(options: CipherOptions): CipherInstance;
  }
  interface CbcFactory {
    instantiate(base: CipherClass): CipherClass;
  }
  const des: { DES: CipherClass; EDE: CipherClass; CBC: CbcFactory };
  export default des;
  export const DES: CipherClass;
  export const EDE: CipherClass;
  export const CBC: CbcFactory;
}
