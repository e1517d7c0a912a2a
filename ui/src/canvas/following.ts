// How much of a large flow the canvas keeps drawn around the view: the small editing margin, or
// the wide one while the view follows something that jumps from box to box (the debugger's
// steps call `reveal`). See DRAWN_MARGIN and FOLLOWING_MARGIN in viewport.ts.
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from "react";
import { DRAWN_MARGIN, FOLLOWING_FOR_MS, FOLLOWING_MARGIN } from "./viewport";

export interface DrawnMargin {
  /** The margin to draw with (state: a change redraws). */
  margin: number;
  /** The same, current at once (for callbacks running before the next render). */
  marginRef: MutableRefObject<number>;
  /** The view is following steps: widen now, narrow again FOLLOWING_FOR_MS after the last call. */
  follow: () => void;
}

export function useDrawnMargin(): DrawnMargin {
  const [following, setFollowing] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const margin = following ? FOLLOWING_MARGIN : DRAWN_MARGIN;
  const marginRef = useRef(margin);
  marginRef.current = margin;
  const follow = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      setFollowing(false);
    }, FOLLOWING_FOR_MS);
    if (marginRef.current !== FOLLOWING_MARGIN) {
      marginRef.current = FOLLOWING_MARGIN;
      setFollowing(true);
    }
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return { margin, marginRef, follow };
}
