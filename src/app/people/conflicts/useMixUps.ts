/** Everything the People screen needs for its "possible mix-ups": the list, its fixes and its heading (the notice jumps there). */
import { useRef, type RefObject } from 'react';
import type { GalleryKind, PersonSummary } from '../../../worker/api.ts';
import { useEngine } from '../../engine/EngineContext.tsx';
import type { Report } from '../flash.ts';
import type { UndoState } from '../useUndo.ts';
import { useConflictActions, type ConflictActions } from './useConflictActions.ts';
import { useConflicts, type Conflict } from './useConflicts.ts';

export interface MixUps {
  readonly items: readonly Conflict[] | null;
  readonly error: string | null;
  readonly threshold: number;
  readonly actions: ConflictActions;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
}

export function useMixUps(kind: GalleryKind, people: readonly PersonSummary[] | null, report: Report, undo: UndoState): MixUps {
  const { api } = useEngine();
  const { items, error, threshold, silence } = useConflicts(kind, people);
  const actions = useConflictActions(api, report, undo, silence);
  const headingRef = useRef<HTMLHeadingElement>(null);
  return { items, error, threshold, actions, headingRef };
}
