// The one API outside the ECMAScript library that the shared code uses: browsers and Node (>= 11) both have
// `TextEncoder` as a global. Declared here, and only this, so that any other browser or Node global in
// `src/common/` fails the `tsconfig.common.json` build (see src/README.md).
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
