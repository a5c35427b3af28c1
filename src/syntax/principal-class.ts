import type { PrincipalClass } from './ast.ts';

/** How a class of principal reads after `trust` (`trust other accounts`) and after `principal is` (`another account`). */
export function principalClassText(principal: PrincipalClass, after: 'trust' | 'is'): string {
  switch (principal) {
    case 'anyone':
      return 'anyone';
    case 'other accounts':
      return after === 'trust' ? 'other accounts' : 'another account';
    case 'service':
      return 'a service';
    case 'federated provider':
      return 'a federated provider';
  }
}
