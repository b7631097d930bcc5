import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The build fails on words a user sees that bypass t(): this checks the rule in eslint.config.js does.
const eslint = new ESLint();

async function literalErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'renderer/src/components/Example/Example.tsx' });
  return result!.messages.filter((m) => m.ruleId === 'i18next/no-literal-string').map((m) => m.message);
}

describe('the no-literal-string rule', () => {
  it('rejects text, labels, titles and placeholders written in JSX', async () => {
    const errors = await literalErrors(`
      export function Example({ busy }: { busy: boolean }) {
        return (
          <div>
            <h1>Welcome</h1>
            <button type="button" aria-label="Close the source" title="Close" />
            <input placeholder="Search chats" />
            <p>{busy ? 'Refreshing…' : 'Refresh'}</p>
          </div>
        );
      }
    `);
    expect(errors).toHaveLength(6);
  });

  it('accepts t(), class names, test ids, numbers and names that are never translated', async () => {
    const errors = await literalErrors(`
      import { useTranslation } from 'react-i18next';
      export function Example() {
        const { t } = useTranslation();
        return (
          <div className="example" data-testid="example" role="status">
            <h1>{t('nav.chats')}</h1>
            <span>Cellar</span> <span>·</span> <span>42%</span> <code>SHA-256</code>
          </div>
        );
      }
    `);
    expect(errors).toEqual([]);
  });
});
