// linkedom 0.18 gives every node — each element, text and attribute — an entry in a module-wide
// WeakMap holding a new Map of event listeners, in the node's constructor. Parsing an ordinary
// 80 KB news page makes thousands of them; the WeakMap's ephemerons then cost the garbage
// collector more than the parse itself (two thirds of parseHTML's time in the crawler benchmark).
// We never listen to events on parsed pages, so nodes get their listener table on first use.
//
// Done by swapping the class Node inherits from (super() looks it up at call time), with the same
// listener semantics as linkedom's EventTarget. Left as it is when linkedom's classes are not
// shaped as expected (another version): slower, never wrong.
import { EventTarget as LinkedomEventTarget, Node as NodeFacade } from 'linkedom';

const LISTENERS = Symbol('listeners');

type Listener = ((event: unknown) => void) | { handleEvent(event: unknown): void };
type Options = boolean | { once?: boolean } | undefined;
type Target = { [LISTENERS]?: Map<string, Map<Listener, Options>>; _getParent?: () => Target | null; dispatchEvent?: unknown };
type EventLike = {
  type: string; bubbles: boolean; eventPhase: number; defaultPrevented: boolean; cancelBubble: boolean;
  _path: { currentTarget: Target; target: Target }[]; _stopImmediatePropagationFlag: boolean;
  currentTarget?: Target; target?: Target;
  readonly NONE: number; readonly CAPTURING_PHASE: number; readonly AT_TARGET: number; readonly BUBBLING_PHASE: number;
};

function invoke(this: EventLike, { currentTarget, target }: { currentTarget: Target; target: Target }): boolean | undefined {
  const listeners = currentTarget[LISTENERS]?.get(this.type);
  if (listeners === undefined) return undefined;
  this.eventPhase = currentTarget === target ? this.AT_TARGET : this.BUBBLING_PHASE;
  this.currentTarget = currentTarget;
  this.target = target;
  for (const [listener, options] of listeners) {
    if (typeof options === 'object' && options.once) listeners.delete(listener);
    if (typeof listener === 'function') listener.call(this.target, this);
    else listener.handleEvent(this);
    if (this._stopImmediatePropagationFlag) break;
  }
  delete this.currentTarget;
  delete this.target;
  return this.cancelBubble;
}

class LazyEventTarget {
  _getParent(): Target | null {
    return null;
  }

  addEventListener(type: string, listener: Listener, options?: Options): void {
    const self = this as Target;
    const map = (self[LISTENERS] ??= new Map());
    let listeners = map.get(type);
    if (listeners === undefined) map.set(type, (listeners = new Map()));
    listeners.set(listener, options);
  }

  removeEventListener(type: string, listener: Listener): void {
    const map = (this as Target)[LISTENERS];
    const listeners = map?.get(type);
    if (listeners?.delete(listener) && listeners.size === 0) map!.delete(type);
  }

  dispatchEvent(event: EventLike): boolean {
    event.eventPhase = event.CAPTURING_PHASE;
    for (let node: Target | null | undefined = this as Target; node; node = event.bubbles ? node._getParent?.() : null) {
      if (node.dispatchEvent) event._path.push({ currentTarget: node, target: this as Target });
    }
    event._path.some(invoke, event);
    event._path = [];
    event.eventPhase = event.NONE;
    return !event.defaultPrevented;
  }
}

/** True when nodes now allocate their listener table lazily. */
export const lazyListeners: boolean = (() => {
  const RealNode = (NodeFacade as unknown as { prototype: { constructor: object } }).prototype.constructor as { prototype: object };
  if (Object.getPrototypeOf(RealNode) !== LinkedomEventTarget) return false;
  // instanceof EventTarget still holds; linkedom's own methods are shadowed.
  Object.setPrototypeOf(LazyEventTarget.prototype, LinkedomEventTarget.prototype);
  Object.setPrototypeOf(RealNode, LazyEventTarget);
  Object.setPrototypeOf(RealNode.prototype, LazyEventTarget.prototype);
  return true;
})();
