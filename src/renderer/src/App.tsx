import { MainNav } from './components/MainNav';
import { StatusBar } from './components/StatusBar';
import { ThemeToggle } from './components/ThemeToggle';
import { useHashRoute } from './hooks/useHashRoute';
import { screens } from './screens';

export function App() {
  const [route, navigate] = useHashRoute('library');
  const current = screens.find((s) => s.route === route) ?? screens[0]!;
  const { Screen } = current;

  return (
    <div className="app">
      <header className="app-header">
        <span className="app-brand">Facet</span>
        <MainNav screens={screens} current={current.route} onNavigate={navigate} />
        <ThemeToggle />
      </header>
      <main className="app-main" aria-label={current.title}>
        <Screen />
      </main>
      <StatusBar />
    </div>
  );
}
