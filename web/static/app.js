// mediawatch: progressive enhancement only — every page works without it.
// - <form data-confirm="question"> or <button data-confirm="question">:
//   asks before submitting.
// - <button data-copy="text">: copies text to the clipboard and says so.
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var btn = ev.submitter;
    var q = (btn && btn.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (q && !window.confirm(q)) {
      ev.preventDefault();
    }
  });
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("button[data-copy]") : null;
    if (!btn || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(btn.getAttribute("data-copy")).then(function () {
      var note = document.createElement("span");
      note.className = "copied";
      note.setAttribute("role", "status");
      note.textContent = btn.getAttribute("data-copied") || "✓";
      btn.after(note);
      window.setTimeout(function () { note.remove(); }, 2000);
    });
  });
})();
