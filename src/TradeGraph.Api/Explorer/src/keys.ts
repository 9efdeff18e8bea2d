// The API key, for servers whose reads need one (Security:ReadsRequireKey): asked for in a dialog, kept only in this
// tab's session storage, sent as X-Api-Key on HTTP and in the WebSocket's connection_init payload.

const storageKey = 'tradegraph.explorer.apiKey';

export class KeyStore {
  private asking: Promise<string | null> | null = null;

  get(): string | null {
    return sessionStorage.getItem(storageKey);
  }

  clear(): void {
    sessionStorage.removeItem(storageKey);
  }

  /** Opens the key dialog (once, however many requests are waiting) and resolves with the key given, or null. */
  ask(reason: string): Promise<string | null> {
    this.asking ??= new Promise<string | null>((resolve) => {
      const dialog = document.getElementById('key-dialog') as HTMLDialogElement;
      const input = document.getElementById('key-input') as HTMLInputElement;
      const text = dialog.querySelector('p');
      if (text) text.textContent = `${reason} The key is kept in this browser tab only (session storage).`;
      input.value = '';
      dialog.addEventListener('close', () => {
        this.asking = null;
        const key = dialog.returnValue === 'ok' && input.value.trim() ? input.value.trim() : null;
        if (key) sessionStorage.setItem(storageKey, key);
        resolve(key);
      }, { once: true });
      dialog.showModal();
    });
    return this.asking;
  }
}
