function ConvertFrom-PgServicesFile {
    <#
    .SYNOPSIS
        Parses the lines of a services file (`<name> <port>/<protocol> [aliases...] [# comment]`)
        into one object per entry; blank, comment-only and malformed lines are skipped.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.ServicesFileEntry')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [AllowEmptyString()]
        [string[]]
        $Line,

        [Parameter()]
        [string]
        $Path
    )

    for ($i = 0; $i -lt $Line.Count; $i++) {
        $text = $Line[$i]
        $comment = $null
        $hash = $text.IndexOf('#')
        if ($hash -ge 0) {
            $comment = $text.Substring($hash + 1).Trim()
            $text = $text.Substring(0, $hash)
        }
        $fields = @($text.Trim() -split '\s+' | Where-Object -FilterScript { $_ })
        if ($fields.Count -lt 2 -or $fields[1] -notmatch '^(?<port>\d{1,5})/(?<protocol>[A-Za-z]+)$') {
            continue
        }
        $aliases = @()
        if ($fields.Count -gt 2) {
            $aliases = @($fields[2..($fields.Count - 1)])
        }
        [pscustomobject]@{
            PSTypeName = 'PgCluster.ServicesFileEntry'
            Name       = $fields[0]
            Port       = [int]$Matches['port']
            Protocol   = $Matches['protocol'].ToLowerInvariant()
            Aliases    = $aliases
            Comment    = $comment
            Line       = $i + 1
            Path       = $Path
        }
    }
}
