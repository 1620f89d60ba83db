// A static site generator: pages/*.txt into public/*.html, at image build time.
const fs = require('fs');
const [from, to] = process.argv.slice(2);
fs.mkdirSync(to, {recursive: true});
for (const f of fs.readdirSync(from)) {
  const text = fs.readFileSync(`${from}/${f}`, 'utf8').trim();
  fs.writeFileSync(`${to}/${f.replace(/\.txt$/, '.html')}`, `<!doctype html><title>${f}</title><p>${text}</p>\n`);
  console.log(`generated ${f}`);
}
