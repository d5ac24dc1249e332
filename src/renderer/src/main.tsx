import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClientProvider } from './ClientContext';
import { DataProvider } from './data/DataProvider';
import { createClient } from './transport/createClient';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientProvider client={createClient()}>
      <DataProvider>
        <App />
      </DataProvider>
    </ClientProvider>
  </StrictMode>,
);
