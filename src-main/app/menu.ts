import type { MenuItemConstructorOptions } from 'electron';

/**
 * A minimal application menu made only of Electron's standard roles, so copy/paste, zoom,
 * full screen and (on macOS) Quit work with each platform's own shortcuts and labels.
 */
export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}
