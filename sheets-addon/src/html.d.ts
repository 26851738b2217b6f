// HTML pages are bundled as text (build.ts: loader ".html": "text").
declare module "*.html" {
  const text: string;
  export default text;
}
