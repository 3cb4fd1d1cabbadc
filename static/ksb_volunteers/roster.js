// The duty roster's print button (no inline script: the CSP allows scripts from this site only).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("roster-print");
  if (button) {
    button.addEventListener("click", () => window.print());
  }
});
