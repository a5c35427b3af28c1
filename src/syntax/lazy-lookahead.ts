import type { ILookaheadStrategy } from 'chevrotain';
import { LLkLookaheadStrategy } from './chevrotain.ts';

/**
 * chevrotain's LL(k) lookahead, each function built the first time the parser takes that decision
 * instead of for every alternation and repetition of the grammar at start-up: checking one rule
 * takes a few dozen of the grammar's decisions. The functions are chevrotain's own, so parsing is
 * the same; validation (ambiguities, left recursion) is the LL(k) strategy's, run when the parser
 * is built with validations (test/syntax/grammar-artifacts.test.ts).
 */
export function lazyLookahead(maxLookahead: number): ILookaheadStrategy {
  const llk = new LLkLookaheadStrategy({ maxLookahead });
  return {
    validate: (options) => llk.validate(options),
    buildLookaheadForAlternation(options) {
      let built: ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> | undefined;
      // chevrotain calls lookahead functions with the parser as `this`.
      return function (this: unknown, alternatives) {
        built ??= llk.buildLookaheadForAlternation(options);
        return built.call(this, alternatives);
      };
    },
    buildLookaheadForOptional(options) {
      let built: ReturnType<ILookaheadStrategy['buildLookaheadForOptional']> | undefined;
      return function (this: unknown) {
        built ??= llk.buildLookaheadForOptional(options);
        return built.call(this);
      };
    },
  };
}
