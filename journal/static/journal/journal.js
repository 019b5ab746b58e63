// Fast entry in the journal grid: Enter and the arrow keys move between
// cells (Tab moves along the row as usual). Leaving a changed cell fires
// its "change" event, and htmx saves that cell by itself.
(() => {
  const MOVES = {
    Enter: [1, 0],
    ArrowDown: [1, 0],
    ArrowUp: [-1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };

  function inputIn(cell) {
    return cell ? cell.querySelector(".cell-input") : null;
  }

  function vertical(cell, step) {
    const index = Array.prototype.indexOf.call(cell.parentElement.children, cell);
    let row = cell.parentElement;
    while ((row = step > 0 ? row.nextElementSibling : row.previousElementSibling)) {
      const found = inputIn(row.children[index]);
      if (found) return found;
    }
    return null;
  }

  function horizontal(cell, step) {
    let next = cell;
    while ((next = step > 0 ? next.nextElementSibling : next.previousElementSibling)) {
      const found = inputIn(next);
      if (found) return found;
    }
    return null;
  }

  function caretAtEdge(input, key) {
    if (key === "ArrowLeft") return input.selectionStart === 0;
    if (key === "ArrowRight") return input.selectionEnd === input.value.length;
    return true;
  }

  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.classList || !input.classList.contains("cell-input")) return;
    const move = MOVES[event.key];
    if (!move || !caretAtEdge(input, event.key)) return;
    event.preventDefault();
    const cell = input.closest("td");
    const target = move[0] ? vertical(cell, move[0]) : horizontal(cell, move[1]);
    if (target) {
      target.focus();
      target.select();
    } else {
      input.blur();
    }
  });

  // A save answers with the cell anew: if the teacher is back in that cell
  // by then, the new cell takes the focus the old one had.
  let focusedName = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    const active = document.activeElement;
    const inside = target && active && target.contains(active);
    focusedName = inside && active.classList.contains("cell-input") ? active.name : null;
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!focusedName) return;
    const field = document.querySelector(`.cell-input[name="${CSS.escape(focusedName)}"]`);
    focusedName = null;
    if (field && document.activeElement !== field) field.focus();
  });

  // A cell swapped in after a save keeps focus where the teacher is.
  document.addEventListener("htmx:afterSwap", (event) => {
    const saved = event.detail.target;
    if (saved && saved.classList && saved.classList.contains("cell-invalid")) {
      const field = inputIn(saved);
      if (field && !document.activeElement.classList.contains("cell-input")) {
        field.focus();
      }
    }
  });
})();
