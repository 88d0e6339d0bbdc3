function Read-PgServicesFile {
    <#
    .SYNOPSIS
        Reads a services file as lines plus its line ending (CRLF unless the file uses LF only);
        a missing file reads as no lines.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $text = ''
    $exists = Test-Path -LiteralPath $Path -PathType Leaf
    if ($exists) {
        $text = Get-Content -LiteralPath $Path -Raw -Encoding ASCII
        if ($null -eq $text) {
            $text = ''
        }
    }
    $eol = "`r`n"
    if ($text.Contains("`n") -and -not $text.Contains("`r`n")) {
        $eol = "`n"
    }
    $lines = @($text -split "`r?`n")
    if ($lines.Count -gt 0 -and $lines[$lines.Count - 1] -eq '') {
        # The newline that ends the last line does not start another one.
        if ($lines.Count -eq 1) {
            $lines = @()
        }
        else {
            $lines = @($lines[0..($lines.Count - 2)])
        }
    }
    return [pscustomobject]@{
        Path   = $Path
        Exists = $exists
        Lines  = [string[]]$lines
        Eol    = $eol
    }
}
