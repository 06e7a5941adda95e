// The virtual file system's seed, made by build.mjs from programs/ at build time: path → text.
declare module 'virtual:programs' {
  const files: Record<string, string>;
  export default files;
}
