import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeAttribute, renderToString, trustedHtml } from './jsx-runtime.js';

describe('the safe-by-default JSX runtime', () => {
  const attack = '<script>alert("x")</script>&\'';

  it('escapes text children', () => {
    expect((<p>{attack}</p>).value).toBe('<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&#39;</p>'.replace(/&gt;/g, '>'));
  });

  it('escapes attribute values, including quotes that would end the attribute', () => {
    expect(
      (
        <a href={`x" onclick="evil()`} title={attack}>
          link
        </a>
      ).value,
    ).toBe('<a href="x&quot; onclick=&quot;evil()" title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">link</a>');
  });

  it('escapes strings nested in arrays and components', () => {
    const Item = (props: { text: string }) => <li>{props.text}</li>;
    const html = (
      <ul>
        {['<b>', '<i>'].map((text) => (
          <Item text={text} />
        ))}
      </ul>
    ).value;
    expect(html).toBe('<ul><li>&lt;b></li><li>&lt;i></li></ul>');
  });

  it('passes through only markup the server marked as trusted', () => {
    expect((<div>{trustedHtml('<hr>')}</div>).value).toBe('<div><hr></div>');
  });

  it('omits false, null and undefined; writes boolean attributes bare', () => {
    expect((<input type="checkbox" checked={true} disabled={false} value={undefined} />).value).toBe('<input type="checkbox" checked>');
    expect(
      (
        <p>
          {null}
          {undefined}
          {false}
          {0}
        </p>
      ).value,
    ).toBe('<p>0</p>');
  });

  it('refuses plain objects rather than printing them', () => {
    expect(() => renderToString([{ toString: () => '<script>' } as never])).toThrow(TypeError);
  });

  it('never lets arbitrary text produce a tag or break out of an attribute (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const html = (<p title={text}>{text}</p>).value;
        const inner = html.slice(html.indexOf('>') + 1, -'</p>'.length);
        expect(inner).not.toMatch(/</);
        expect(escapeAttribute(text)).not.toMatch(/["<>]/);
      }),
      { numRuns: 500 },
    );
  });
});
