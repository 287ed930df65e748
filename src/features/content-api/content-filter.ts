// The `filter` option: a small parser for the part of Ghost's filter language
// (NQL) that front-ends use — `field:value`, `field:-value` (not), `field:>value`
// (and >=, <, <=), `field:[a,b]` and `field:-[a,b]`, joined with `+` (and,
// binding tighter) and `,` (or), grouped with `( )`; values bare or in single
// quotes. It yields a tree of comparisons and never touches SQL: which fields
// a resource allows, and what they mean, is decided by the resource
// (content-api.queries.ts turns a checked tree into Kysely expressions with
// bound values). Anything else is a `FilterError`, answered 400.

export type ComparisonOperator = '=' | '>' | '>=' | '<' | '<=';

export type FilterNode =
  | { kind: 'and' | 'or'; children: FilterNode[] }
  | { kind: 'compare'; field: string; operator: ComparisonOperator; negated: boolean; values: string[] };

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** Bounds, so a filter's cost stays small whatever is sent. */
export const FILTER_LIMITS = { length: 1000, comparisons: 30, listValues: 100, depth: 8 } as const;

const FIELD = /^[a-z][a-z_.]{0,39}/;
// A bare value: letters, digits and the punctuation slugs, dates and times use. `-` may not start one (it negates).
const BARE_VALUE = /^[\p{L}\p{N}_.:][\p{L}\p{N}_.:-]*/u;

class Parser {
  private position = 0;
  private comparisons = 0;

  constructor(private readonly text: string) {}

  parse(): FilterNode {
    const node = this.orExpression(0);
    this.skipSpaces();
    if (this.position < this.text.length) this.fail(`unexpected "${this.text[this.position]}"`);
    return node;
  }

  private fail(problem: string): never {
    throw new FilterError(`Invalid filter at character ${this.position + 1}: ${problem}.`);
  }

  private skipSpaces() {
    while (this.text[this.position] === ' ') this.position++;
  }

  private take(character: string): boolean {
    this.skipSpaces();
    if (this.text[this.position] !== character) return false;
    this.position++;
    return true;
  }

  private orExpression(depth: number): FilterNode {
    const children = [this.andExpression(depth)];
    while (this.take(',')) children.push(this.andExpression(depth));
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private andExpression(depth: number): FilterNode {
    const children = [this.term(depth)];
    while (this.take('+')) children.push(this.term(depth));
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private term(depth: number): FilterNode {
    if (this.take('(')) {
      if (depth + 1 > FILTER_LIMITS.depth) this.fail('groups nested too deeply');
      const node = this.orExpression(depth + 1);
      if (!this.take(')')) this.fail('a group is not closed with ")"');
      return node;
    }
    this.skipSpaces();
    const field = FIELD.exec(this.text.slice(this.position))?.[0];
    if (!field) this.fail('expected a field name such as tag, author or published_at');
    this.position += field.length;
    if (this.text[this.position] !== ':') this.fail(`expected ":" after "${field}"`);
    this.position++;
    if (++this.comparisons > FILTER_LIMITS.comparisons) this.fail(`more than ${FILTER_LIMITS.comparisons} comparisons`);
    const negated = this.text[this.position] === '-';
    if (negated) this.position++;
    const operator = this.operator();
    if (this.text[this.position] === '[') {
      if (operator !== '=') this.fail('a list cannot be compared with < or >');
      this.position++;
      const values = [this.value()];
      while (this.take(',')) {
        if (values.length >= FILTER_LIMITS.listValues) this.fail(`a list holds at most ${FILTER_LIMITS.listValues} values`);
        values.push(this.value());
      }
      if (!this.take(']')) this.fail('a list is not closed with "]"');
      return { kind: 'compare', field, operator, negated, values };
    }
    return { kind: 'compare', field, operator, negated, values: [this.value()] };
  }

  private operator(): ComparisonOperator {
    for (const operator of ['>=', '<=', '>', '<'] as const) {
      if (this.text.startsWith(operator, this.position)) {
        this.position += operator.length;
        return operator;
      }
    }
    return '=';
  }

  private value(): string {
    this.skipSpaces();
    if (this.text[this.position] === "'") {
      let value = '';
      for (let index = this.position + 1; index < this.text.length; index++) {
        const character = this.text[index]!;
        if (character === '\\' && index + 1 < this.text.length) value += this.text[++index];
        else if (character === "'") {
          this.position = index + 1;
          return value;
        } else value += character;
      }
      this.fail('a quoted value is not closed');
    }
    const bare = BARE_VALUE.exec(this.text.slice(this.position))?.[0];
    if (!bare) this.fail('expected a value');
    this.position += bare.length;
    return bare;
  }
}

/** The filter as a tree of comparisons, or a FilterError saying where it stops making sense. */
export function parseFilter(text: string): FilterNode {
  if (text.length > FILTER_LIMITS.length) throw new FilterError(`A filter is at most ${FILTER_LIMITS.length} characters.`);
  if (!text.trim()) throw new FilterError('The filter is empty.');
  return new Parser(text).parse();
}

/** Every comparison in a tree, in order (to check fields and values before any query is built). */
export function comparisonsIn(node: FilterNode): Extract<FilterNode, { kind: 'compare' }>[] {
  return node.kind === 'compare' ? [node] : node.children.flatMap(comparisonsIn);
}
