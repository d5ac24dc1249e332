import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface ToastMessage {
  message: string;
  /** One action the user may take while the toast shows, such as Undo. */
  action?: ToastAction;
  /** More actions after `action` (Undo, then Open). */
  moreActions?: readonly ToastAction[];
}

const showTime = 15_000;
const ToastContext = createContext<((toast: ToastMessage) => void) | null>(null);

/** One toast at a time at the bottom of the window; a newer one replaces the older. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<(ToastMessage & { key: number }) | null>(null);
  const show = useCallback((next: ToastMessage) => setToast({ ...next, key: Date.now() }), []);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), showTime);
    return () => clearTimeout(timer);
  }, [toast]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toast-region" role="status" aria-live="polite" aria-label="Notifications">
        {toast && (
          <div className="toast" key={toast.key}>
            <span>{toast.message}</span>
            {[...(toast.action ? [toast.action] : []), ...(toast.moreActions ?? [])].map((action) => (
              <button
                key={action.label}
                type="button"
                onClick={() => {
                  setToast(null);
                  action.run();
                }}
              >
                {action.label}
              </button>
            ))}
            <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => setToast(null)}>
              ✕
            </button>
          </div>
        )}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): (toast: ToastMessage) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast outside ToastProvider');
  return show;
}
