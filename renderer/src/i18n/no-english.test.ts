import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The lint rule sees JSX; this sees the rest. No string in the renderer's code reads as an
 * English sentence (three words or more, starting with a capital): words for people go
 * through t() and the locale files. The engine's own English, matched to translate it,
 * lives in lib/engineText.ts only; errors thrown for developers are not shown and not checked.
 */
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../test/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const ALLOWED_FILES = new Set(['../lib/engineText.ts']);
const SENTENCE = /^[A-Z][a-z’']+(?:[ ,][a-zA-Z’'.,:;]+){2,}/;

function englishStrings(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    // Errors thrown for developers (an impossible case) are not shown to people.
    if (ts.isNewExpression(node) && /Error$/.test(node.expression.getText(file))) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (SENTENCE.test(node.text.trim())) found.push(node.text);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('X');
      if (SENTENCE.test(parts.trim())) found.push(parts);
    } else if (ts.isJsxText(node)) {
      if (SENTENCE.test(node.text.trim())) found.push(node.text.trim());
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the renderer’s code', () => {
  it('is found', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
  });

  it('would be caught: a notice, a template and JSX text written in English', () => {
    const sample = `
      setNotice('Create a collection first, then drop the files onto it.');
      const label = \`Loading \${name} into memory…\`;
      const ok = ['chats', 'data-testid', 'Q4_K_M', 'GGUF models'];
      export const X = () => <p>Nothing was deleted today</p>;
    `;
    expect(englishStrings('sample.tsx', sample)).toEqual([
      'Create a collection first, then drop the files onto it.',
      'Loading X into memory…',
      'Nothing was deleted today',
    ]);
  });

  it('holds no English sentence outside the locale files', () => {
    const offenders = Object.entries(sources)
      .filter(([path]) => !ALLOWED_FILES.has(path))
      .flatMap(([path, text]) => englishStrings(path, text).map((s) => `${path}: ${s}`));
    expect(offenders).toEqual([]);
  });
});
