function Join-PgCommandLine {
    <#
    .SYNOPSIS
        Quotes arguments into one Windows command line (the rules CommandLineToArgvW reads back):
        every argument in double quotes, embedded quotes escaped with \, and backslashes doubled
        only where they precede a quote.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string[]]
        $Argument
    )

    $quoted = foreach ($arg in $Argument) {
        $escaped = [regex]::Replace($arg, '(\\*)"', { param($m) $m.Groups[1].Value + $m.Groups[1].Value + '\"' })
        $escaped = [regex]::Replace($escaped, '(\\+)$', { param($m) $m.Groups[1].Value + $m.Groups[1].Value })
        '"' + $escaped + '"'
    }
    return ($quoted -join ' ')
}
