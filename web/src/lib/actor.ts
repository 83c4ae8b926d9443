// The name this browser records in the status history (X-Log-Center-Actor).
const KEY = 'logcenter.actor';

export function loadActor(): string {
  return (typeof localStorage !== 'undefined' && localStorage.getItem(KEY)) || 'dashboard';
}

export function saveActor(name: string) {
  localStorage.setItem(KEY, name.trim() || 'dashboard');
}
