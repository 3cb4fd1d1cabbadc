/* Installs the field app's service worker (root scope) and offers "Pasang aplikasi" where the browser allows it. */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('field-app-config').textContent);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(config.urls.serviceWorker, { scope: '/' }).then(function (registration) {
      document.body.dataset.serviceWorker = registration.active ? 'active' : 'installing';
      return navigator.serviceWorker.ready;
    }).then(function () {
      document.body.dataset.serviceWorker = 'active';
    }).catch(function () {
      document.body.dataset.serviceWorker = 'failed';
    });
  }
  var deferred = null;
  var button = document.getElementById('install-app');
  window.addEventListener('beforeinstallprompt', function (event) {
    event.preventDefault();
    deferred = event;
    if (button) button.hidden = false;
  });
  if (button) {
    button.addEventListener('click', async function () {
      if (!deferred) return;
      deferred.prompt();
      await deferred.userChoice;
      deferred = null;
      button.hidden = true;
    });
  }
  window.addEventListener('appinstalled', function () { if (button) button.hidden = true; });
})();
