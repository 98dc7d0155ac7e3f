/*
 * svodka: small improvements on pages that work without it.
 * - Forms marked data-confirm ask before they are sent.
 * - In the report form, "add" and "remove" row buttons act at once on the
 *   page instead of posting the form back; rows are renumbered so the
 *   server reads them exactly as if it had rendered them itself.
 */
"use strict";
(function () {
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var text = form.getAttribute && form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      ev.preventDefault();
    }
  });

  function randomId() {
    var abc = "abcdefghijklmnopqrstuvwxyz0123456789", out = "", i, bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    for (i = 0; i < bytes.length; i++) {
      out += abc.charAt(bytes[i] % abc.length);
    }
    return out;
  }

  /* Gives the rows of a section consecutive indices in names, ids and buttons. */
  function renumber(section) {
    var prefix = section.getAttribute("data-prefix");
    var rows = section.querySelectorAll("[data-row]");
    var re = new RegExp("^" + prefix + "\\d+_");
    Array.prototype.forEach.call(rows, function (row, i) {
      Array.prototype.forEach.call(row.querySelectorAll("[name]"), function (el) {
        if (re.test(el.name)) {
          el.name = el.name.replace(re, prefix + i + "_");
        }
        if (el.id && re.test(el.id)) {
          el.id = el.id.replace(re, prefix + i + "_");
        }
      });
      Array.prototype.forEach.call(row.querySelectorAll("label[for]"), function (el) {
        el.htmlFor = el.htmlFor.replace(re, prefix + i + "_");
      });
      var rm = row.querySelector("[data-remove]");
      if (rm) {
        rm.value = rm.value.replace(/:\d+$/, ":" + i);
      }
      var n = row.querySelector("[data-n]");
      if (n) {
        n.textContent = String(i + 1);
      }
    });
    section.querySelector("[data-count]").value = String(rows.length);
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("[data-add], [data-remove]");
    if (!btn) {
      return;
    }
    var section = btn.closest("[data-section]");
    if (!section) {
      return;
    }
    ev.preventDefault();
    if (btn.hasAttribute("data-remove")) {
      btn.closest("[data-row]").remove();
    } else {
      var tpl = section.querySelector("template[data-template]");
      var html = tpl.innerHTML.replace(/__I__/g, "0").replace(/__N__/g, "");
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      row.querySelector("[data-id]").value = randomId();
      section.insertBefore(row, btn);
      var first = row.querySelector("select, input:not([type=hidden]), textarea");
      if (first) {
        first.focus();
      }
    }
    renumber(section);
  });
})();

/*
 * Campaign form: "select all / none" buttons for a group of checkboxes
 * (data-check-all="NAME", data-value="1" or "0"); hidden without script.
 */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".js-only[hidden]"), function (el) {
      el.hidden = false;
    });
  });
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("[data-check-all]");
    if (!btn) {
      return;
    }
    ev.preventDefault();
    var form = btn.form || btn.closest("form");
    var name = btn.getAttribute("data-check-all");
    var on = btn.getAttribute("data-value") === "1";
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (box.name === name) {
        box.checked = on;
      }
    });
  });
})();
