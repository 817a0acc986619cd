/* leave.js: "Leave this page" (issue 8 section 3). The link #leave goes to a
   neutral site and works without this script. With it, a click, Escape, or
   Shift pressed three times within a second blanks this page and replaces
   it in the history with the neutral site, so Back does not return here. */
(function () {
  "use strict";
  var a = document.getElementById("leave");
  if (!a) return;
  var to = a.href, shifts = [];
  function leave(e) {
    if (e) e.preventDefault();
    document.title = "";
    document.body.textContent = "";
    location.replace(to);
  }
  a.addEventListener("click", leave);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") return leave(e);
    if (e.key !== "Shift" || e.repeat) return;
    var now = Date.now();
    shifts.push(now);
    while (shifts.length && now - shifts[0] > 1000) shifts.shift();
    if (shifts.length >= 3) leave(e);
  });
})();
