import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target)
  throw new Error('index.html lacks its <div id="app">: the renderer has nowhere to mount.');
mount(App, { target });
