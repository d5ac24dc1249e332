declare module 'libheif-js/wasm-bundle' {
  const libheif: unknown;
  export default libheif;
}
