/*
 * svodka: small improvements on pages that work without it. Forms marked
 * data-confirm ask before they are sent.
 */
"use strict";
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  var text = form.getAttribute && form.getAttribute("data-confirm");
  if (text && !window.confirm(text)) {
    ev.preventDefault();
  }
});
