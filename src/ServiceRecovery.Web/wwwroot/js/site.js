// After a refused or invalid submit the server re-renders the page; bring the user to what needs attention.
(function () {
    var target = document.querySelector('[role="alert"], .input-validation-error, fieldset[aria-invalid="true"]');
    if (!target) {
        return;
    }
    var field = target.matches('input, textarea, select') ? target : target.querySelector('input, textarea, select');
    target.scrollIntoView({ block: 'center' });
    if (field && !target.matches('[role="alert"]')) {
        field.focus({ preventScroll: true });
    } else {
        target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
    }
})();

// The phone header's menu is a <details>: Escape or a tap elsewhere closes it, as people expect of a menu.
(function () {
    var menus = document.querySelectorAll('details.nav-menu');
    if (menus.length === 0) {
        return;
    }
    function closeAll(except) {
        menus.forEach(function (menu) {
            if (menu !== except && menu.open) {
                menu.open = false;
            }
        });
    }
    document.addEventListener('keydown', function (event) {
        if (event.key !== 'Escape') {
            return;
        }
        menus.forEach(function (menu) {
            if (menu.open) {
                menu.open = false;
                menu.querySelector('summary').focus();
            }
        });
    });
    document.addEventListener('click', function (event) {
        closeAll(event.target.closest('details.nav-menu'));
    });
})();
