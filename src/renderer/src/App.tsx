import { ConnectionBanner } from './components/ConnectionBanner';
import { MainNav } from './components/MainNav';
import { StatusBar } from './components/StatusBar';
import { ThemeToggle } from './components/ThemeToggle';
import { ToastProvider } from './components/ToastProvider';
import { useHashRoute } from './hooks/useHashRoute';
import { screens } from './screens';
import { SelfieDropZone } from './screens/search/SelfieDropZone';
import { SelfieSearchButton } from './screens/search/SelfieSearchButton';
import { SelfieSearchProvider } from './screens/search/SelfieSearchContext';

export function App() {
  const [route, navigate] = useHashRoute('library');
  const current = screens.find((s) => s.route === route.screen) ?? screens[0]!;
  const { Screen } = current;

  return (
    <ToastProvider>
      <SelfieSearchProvider>
        <div className="app">
          <header className="app-header">
            <span className="app-brand">Facet</span>
            <MainNav screens={screens} current={current.route} onNavigate={navigate} />
            <SelfieSearchButton />
            <ThemeToggle />
          </header>
          <ConnectionBanner />
          <main className="app-main" aria-label={current.title}>
            <Screen params={current.route === route.screen ? route.params : []} />
          </main>
          <StatusBar />
        </div>
        <SelfieDropZone />
      </SelfieSearchProvider>
    </ToastProvider>
  );
}
