function Write-PgServicesFile {
    <#
    .SYNOPSIS
        Writes the lines of a services file back as ASCII, with the given line ending after every
        line (the last included), after keeping a copy of the original as <file>.bak once. The
        caller has already asked ShouldProcess, so -WhatIf and -Confirm do not reach in here.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path,

        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [AllowEmptyString()]
        [string[]]
        $Line,

        [Parameter(Mandatory = $true)]
        [string]
        $Eol
    )

    $backup = "$Path.bak"
    if ((Test-Path -LiteralPath $Path -PathType Leaf) -and -not (Test-Path -LiteralPath $backup)) {
        Copy-Item -LiteralPath $Path -Destination $backup -WhatIf:$false -Confirm:$false
    }
    $text = ''
    if ($Line.Count -gt 0) {
        $text = ($Line -join $Eol) + $Eol
    }
    Set-Content -LiteralPath $Path -Value $text -Encoding ASCII -NoNewline -WhatIf:$false -Confirm:$false
}
