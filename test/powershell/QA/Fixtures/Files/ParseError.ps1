# Fixture: syntax errors the parser must report.
function Get-Broken {  # expect: Parse.Error
    param (
        [string] $Name
    )
    $list = @(1, 2,)  # expect: Parse.Error
    'unterminated  # expect: Parse.Error
}
