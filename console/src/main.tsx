/** Boot: read where the API lives from config.json (written per deployment), then render. */
import { render } from 'preact';
import { App } from './app';

interface ConsoleConfig {
  readonly apiUrl: string;
  readonly wsUrl: string;
}

async function boot(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`config.json answered ${response.status}`);
    const config = (await response.json()) as ConsoleConfig;
    root.textContent = ''; // the loading notice; render() keeps what it does not own
    render(<App apiUrl={config.apiUrl} wsUrl={config.wsUrl} />, root);
  } catch (error) {
    root.innerHTML = '';
    const message = document.createElement('p');
    message.className = 'problem';
    message.setAttribute('role', 'alert');
    message.textContent = `The console could not start: ${(error as Error).message}`;
    root.append(message);
  }
}

void boot();
