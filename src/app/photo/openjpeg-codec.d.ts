/**
 * Types for the Emscripten glue of @cornerstonejs/codec-openjpeg's decode-only WebAssembly build
 * (the package ships none). Only what decode.worker.ts uses.
 */
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  export interface J2KFrameInfo {
    readonly width: number;
    readonly height: number;
    readonly bitsPerSample: number;
    readonly componentCount: number;
    readonly isSigned: boolean;
  }

  /** An embind object: must be released with delete(). */
  export interface J2KDecoder {
    /** A view into WebAssembly memory of `length` bytes to copy the encoded image into. */
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): J2KFrameInfo;
    /** A view into WebAssembly memory holding the decoded, pixel-interleaved samples. */
    getDecodedBuffer(): Uint8Array;
    delete(): void;
  }

  export interface OpenJpegModule {
    readonly J2KDecoder: new () => J2KDecoder;
  }

  export interface OpenJpegModuleOptions {
    locateFile?(path: string, scriptDirectory: string): string;
    /** stdout of the C code (OpenJPEG's [INFO] lines); defaults to console.log. */
    print?(text: string): void;
    /** stderr of the C code; defaults to console.error. */
    printErr?(text: string): void;
  }

  const createOpenJpegModule: (options?: OpenJpegModuleOptions) => Promise<OpenJpegModule>;
  export default createOpenJpegModule;
}
