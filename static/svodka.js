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

/*
 * Dashboard: sorts a one-page table of municipalities in place when a
 * column header is clicked (table[data-client-sort]; the header links sort
 * on the server without script, and for a table of several pages). Cells
 * carry their sort value in data-v; the address follows the link, so a
 * reload shows the same order.
 */
(function () {
  function value(row, i, numeric) {
    var v = row.cells[i] ? row.cells[i].getAttribute("data-v") || "" : "";
    if (!numeric) {
      return v;
    }
    return v === "" ? null : Number(v);
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("table[data-client-sort] th a[data-sort]");
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) {
      return;
    }
    ev.preventDefault();
    var th = a.closest("th");
    var table = a.closest("table");
    var idx = Array.prototype.indexOf.call(th.parentNode.cells, th);
    var url = new URL(a.href, location.href);
    var desc = url.searchParams.get("dir") === "desc";
    var key = a.getAttribute("data-sort");
    var numeric = key !== "name";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var x = value(r1, idx, numeric);
      var y = value(r2, idx, numeric);
      var c;
      if (key === "submitted" && (x === null || y === null)) {
        return x === null ? (y === null ? 0 : 1) : -1;
      }
      c = numeric ? x - y : x.localeCompare(y, "ru");
      if (c === 0) {
        return value(r1, 0, false).localeCompare(value(r2, 0, false), "ru");
      }
      return desc ? -c : c;
    });
    rows.forEach(function (r) {
      body.appendChild(r);
    });
    Array.prototype.forEach.call(th.parentNode.cells, function (cell) {
      cell.setAttribute("aria-sort", "none");
      var arrow = cell.querySelector(".dash-arrow");
      if (arrow) {
        arrow.remove();
      }
    });
    th.setAttribute("aria-sort", desc ? "descending" : "ascending");
    var mark = document.createElement("span");
    mark.className = "dash-arrow";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = desc ? " ▼" : " ▲";
    th.appendChild(mark);
    history.replaceState(null, "", url.pathname + url.search + url.hash);
    Array.prototype.forEach.call(document.querySelectorAll(".dash-filters input[name=sort]"), function (el) {
      el.value = key;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".dash-filters input[name=dir]"), function (el) {
      el.value = desc ? "desc" : "asc";
    });
    url.searchParams.set("dir", desc ? "asc" : "desc");
    a.href = url.pathname + url.search + url.hash;
  });
})();
