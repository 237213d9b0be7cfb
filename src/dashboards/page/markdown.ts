/**
 * Markdown from execution reports, rendered safely: markdown-it with raw HTML turned off escapes every
 * tag in the content, and its link check refuses `javascript:`, `vbscript:`, `file:` and `data:` URLs.
 * Images are shown as links (the page loads nothing from elsewhere), headings are moved below the
 * page's own, and wide tables scroll inside their card.
 */
import MarkdownIt from 'markdown-it';
import { SafeHtml } from './html.js';

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: false });

/** Markdown `#` becomes `<h3>`, so the page's title and card titles stay above the content. */
const HEADING_SHIFT = 2;

md.renderer.rules.heading_open = (tokens, idx) => `<h${shifted(tokens[idx]?.tag)}>`;
md.renderer.rules.heading_close = (tokens, idx) => `</h${shifted(tokens[idx]?.tag)}>\n`;
md.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
md.renderer.rules.table_close = () => '</table></div>\n';
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]?.attrSet('rel', 'nofollow noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = token?.attrGet('src');
  const alt = md.utils.escapeHtml(token?.content || 'image');
  if (typeof src !== 'string' || src === '') return alt;
  return `<a href="${md.utils.escapeHtml(src)}" rel="nofollow noopener noreferrer">${alt}</a>`;
};

function shifted(tag: string | undefined): number {
  const level = Number(tag?.slice(1)) || 1;
  return Math.min(6, level + HEADING_SHIFT);
}

/** Renders untrusted markdown to HTML that cannot run script. */
export function renderMarkdown(markdown: string): SafeHtml {
  return new SafeHtml(md.render(markdown));
}
